using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
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

    private static readonly string[] RoleClaimTypes = [ClaimTypes.Role, "role", "roles"];

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

        var pattern = endpoint.RoutePattern;
        var raw = pattern.RawText ?? string.Empty;
        var action = context.Request.Method + " " + (raw.StartsWith('/') ? raw : "/" + raw);
        if (AuditResource.TryGet(context, out var named))
        {
            return (action, AuditResource.IsAnyKey(named) ? named! : Invalid);
        }

        var values = new List<string>(pattern.Parameters.Count);
        foreach (var parameter in pattern.Parameters)
        {
            if (context.Request.RouteValues.TryGetValue(parameter.Name, out var value) && value is not null)
            {
                var text = Convert.ToString(value, CultureInfo.InvariantCulture);
                values.Add(AuditResource.IsWellFormed(parameter.Name, text) ? text! : Invalid);
            }
        }

        var resource = string.Join('/', values);
        return (action, resource.Length > MaxResourceLength ? resource[..MaxResourceLength] : resource);
    }

    internal static (string Actor, string Roles) DescribeActor(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return (Anonymous, string.Empty);
        }

        var subject = user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        var roles = user.Claims
            .Where(claim => RoleClaimTypes.Contains(claim.Type, StringComparer.Ordinal))
            .Select(claim => claim.Value)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        return (string.IsNullOrEmpty(subject) ? Anonymous : subject, string.Join(',', roles));
    }

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
}
