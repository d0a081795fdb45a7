using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using GovOrleans.Gateway.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Audit;

/// <summary>
/// Records every <c>/api/</c> request once it is answered: subject and roles, method and route pattern, the route
/// values of the pattern's parameters (or the resource a handler named through <see cref="AuditResource"/>), status code,
/// time and trace id. A value that breaks the gateway's key rules (<see cref="GovOrleans.Gateway.Common.RouteKeys"/>) is
/// recorded as <c>(invalid)</c>, never as typed. It never reads the request or response body,
/// and the raw path of an unmatched request is not kept either (it could carry anything a caller typed).
/// Place it before authentication so that refused calls (401/403) are audited too; it reads the user after the
/// inner pipeline ran.
/// </summary>
internal sealed class AuditMiddleware(RequestDelegate next, AuditTrail trail, TimeProvider time, IOptions<AuditOptions> options)
{
    internal const string Invalid = "(invalid)";

    private const string Anonymous = "anonymous";
    private const int MaxResourceLength = 256;

    /// <summary>Per endpoint: its action text and route parameter names, built on first use.</summary>
    private static readonly ConditionalWeakTable<Endpoint, EndpointTarget> s_targets = new();

    private readonly bool _enabled = options.Value.Enabled;
    private readonly bool _waitForCommit = options.Value.WaitForCommit;

    public Task InvokeAsync(HttpContext context) =>
        _enabled && context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            ? InvokeAuditedAsync(context)
            : next(context);

    internal static (string Action, string Resource) DescribeTarget(HttpContext context)
    {
        if (context.GetEndpoint() is not RouteEndpoint endpoint)
        {
            return (context.Request.Method + " (unmatched)", string.Empty);
        }

        var target = s_targets.GetValue(endpoint, static e => new EndpointTarget((RouteEndpoint)e));
        var action = target.Action(context.Request.Method);
        if (AuditResource.TryGet(context, out var named))
        {
            return (action, AuditResource.IsAnyKey(named) ? named! : Invalid);
        }

        var parameters = target.Parameters;
        if (parameters.Length == 0)
        {
            return (action, string.Empty);
        }

        var routeValues = context.Request.RouteValues;
        if (parameters.Length == 1)
        {
            return (action, Truncate(RouteValue(routeValues, parameters[0]) ?? string.Empty));
        }

        var values = new List<string>(parameters.Length);
        foreach (var parameter in parameters)
        {
            if (RouteValue(routeValues, parameter) is { } value)
            {
                values.Add(value);
            }
        }

        return (action, Truncate(string.Join('/', values)));
    }

    internal static (string Actor, string Roles) DescribeActor(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return (Anonymous, string.Empty);
        }

        // A bearer-token caller is described once per token; the description depends on its claims only.
        if (CallerIdentity.Of(user) is { } caller)
        {
            return (caller.Subject, caller.AuditRoles ??= DescribeRoles(user));
        }

        var subject = user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        return (string.IsNullOrEmpty(subject) ? Anonymous : subject, DescribeRoles(user));
    }

    /// <summary>The distinct values of the role claims, sorted ordinally and comma-separated.</summary>
    private static string DescribeRoles(ClaimsPrincipal user)
    {
        string? single = null;
        List<string>? roles = null;
        foreach (var claim in user.Claims)
        {
            if (claim.Type is not (ClaimTypes.Role or "role" or "roles"))
            {
                continue;
            }

            if (single is null)
            {
                single = claim.Value;
            }
            else if (!string.Equals(single, claim.Value, StringComparison.Ordinal))
            {
                roles ??= [single];
                if (!roles.Contains(claim.Value, StringComparer.Ordinal))
                {
                    roles.Add(claim.Value);
                }
            }
        }

        if (roles is null)
        {
            return single ?? string.Empty;
        }

        roles.Sort(StringComparer.Ordinal);
        return string.Join(',', roles);
    }

    private static string? RouteValue(RouteValueDictionary routeValues, string parameter)
    {
        if (!routeValues.TryGetValue(parameter, out var value) || value is null)
        {
            return null;
        }

        var text = value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture);
        return AuditResource.IsWellFormed(parameter, text) ? text! : Invalid;
    }

    private static string Truncate(string resource) => resource.Length > MaxResourceLength ? resource[..MaxResourceLength] : resource;

    private async Task InvokeAuditedAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch
        {
            // An outer exception handler will still turn this into a status code and, on the way, clear the endpoint
            // and route values; capture them now and record the final status once the response has gone out.
            var target = DescribeTarget(context);
            var traceId = TraceId(context);
            context.Response.OnCompleted(() => RecordAsync(context, target, traceId).AsTask());
            throw;
        }

        await RecordAsync(context, DescribeTarget(context), TraceId(context));
    }

    private async ValueTask RecordAsync(HttpContext context, (string Action, string Resource) target, string traceId)
    {
        var (actor, roles) = DescribeActor(context.User);
        var entry = new AuditEntry(time.GetUtcNow(), actor, roles, target.Action, target.Resource, context.Response.StatusCode, traceId);
        if (_waitForCommit)
        {
            await trail.RecordAsync(entry, CancellationToken.None);
        }
        else
        {
            await trail.EnqueueAsync(entry);
        }
    }

    private static string TraceId(HttpContext context) =>
        Activity.Current is { } activity ? activity.TraceId.ToHexString() : context.TraceIdentifier;

    /// <summary>What an endpoint contributes to every record: <c>METHOD /pattern</c> and the pattern's parameter names.</summary>
    private sealed class EndpointTarget(RouteEndpoint endpoint)
    {
        private readonly string _pattern = endpoint.RoutePattern.RawText is { } raw ? (raw.StartsWith('/') ? raw : "/" + raw) : "/";
        private ActionText? _last;

        public string[] Parameters { get; } = [.. endpoint.RoutePattern.Parameters.Select(parameter => parameter.Name)];

        /// <summary><c>METHOD /pattern</c>; an endpoint answers one method in practice, so the last one is kept.</summary>
        public string Action(string method)
        {
            if (Volatile.Read(ref _last) is { } last && string.Equals(last.Method, method, StringComparison.Ordinal))
            {
                return last.Text;
            }

            var text = method + " " + _pattern;
            Volatile.Write(ref _last, new ActionText(method, text));
            return text;
        }

        private sealed record ActionText(string Method, string Text);
    }
}
