using System.Net;
using System.Security.Cryptography;
using System.Text;
using GovOrleans.GrainInterfaces.Common;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Observability;

/// <summary>
/// Guards <c>GET /metrics</c>. Metrics carry no personal data, but they reveal load, grain types and error rates, so an
/// anonymous caller from the network is refused: operators (bearer token with the operator role), a scraper with
/// <see cref="MetricsEndpointOptions.ScrapeToken"/>, or a loopback caller when <see cref="MetricsEndpointOptions.AllowLoopback"/>.
/// </summary>
internal sealed class MetricsAccessFilter(IOptions<MetricsEndpointOptions> options) : IEndpointFilter
{
    private const string BearerPrefix = "Bearer ";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.IsInRole(Roles.Operator) || HasScrapeToken(http) || IsAllowedLoopback(http))
        {
            return await next(context);
        }

        if (http.User.Identity?.IsAuthenticated == true)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only operators and configured scrapers may read metrics.");
        }

        http.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Metrics need an operator token or the scrape token.");
    }

    private bool HasScrapeToken(HttpContext http)
    {
        var token = options.Value.ScrapeToken;
        var header = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(token) || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[BearerPrefix.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }

    private bool IsAllowedLoopback(HttpContext http) =>
        options.Value.AllowLoopback && http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);
}
