using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace GovOrleans.Gateway.Common;

/// <summary>
/// Content-based weak entity tags for reads without a version (lists, histories): after the handler, a 200 result's value
/// is serialized with the app's JSON options and tagged <c>W/"&lt;base64url of the first 16 bytes of its SHA-256&gt;"</c>.
/// A matching <c>If-None-Match</c> (weak comparison, <c>*</c> or a list of tags) turns the answer into 304 with an empty body.
/// Routes that already set a version ETag are left alone.
/// </summary>
internal sealed class WeakETagFilter(IOptions<JsonOptions> jsonOptions) : IEndpointFilter
{
    private const int HashBytes = 16;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            return result;
        }

        if (!string.IsNullOrEmpty(http.Response.Headers.ETag) || Unwrap(result) is not { } ok)
        {
            return result;
        }

        var tag = Compute(ok.Value, ok.Type, jsonOptions.Value.SerializerOptions);
        http.Response.Headers.ETag = tag.ToString();
        return IfNoneMatchHits(http.Request, tag) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : result;
    }

    /// <summary>The weak tag of <paramref name="value"/> serialized as <paramref name="type"/>.</summary>
    internal static EntityTagHeaderValue Compute(object? value, Type type, JsonSerializerOptions options)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, type, options);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(json, hash);
        return new EntityTagHeaderValue("\"" + WebEncoders.Base64UrlEncode(hash[..HashBytes]) + "\"", isWeak: true);
    }

    /// <summary>True when <c>If-None-Match</c> is <c>*</c> or lists a tag equal to <paramref name="tag"/> (weak comparison).</summary>
    internal static bool IfNoneMatchHits(HttpRequest request, EntityTagHeaderValue tag)
    {
        var header = request.Headers.IfNoneMatch;
        if (StringValues.IsNullOrEmpty(header) || !EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return false;
        }

        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(tag, useStrongComparison: false));
    }

    /// <summary>The 200 value result inside <paramref name="result"/> (unwrapping <c>Results&lt;…&gt;</c>), with its declared type.</summary>
    private static (object? Value, Type Type)? Unwrap(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        if (result is not IValueHttpResult valueResult
            || result is not IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK })
        {
            return null;
        }

        var declared = result.GetType().GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValueHttpResult<>))?
            .GetGenericArguments()[0];
        return (valueResult.Value, declared ?? valueResult.Value?.GetType() ?? typeof(object));
    }
}

/// <summary>Adds <see cref="WeakETagFilter"/> to a route.</summary>
internal static class WeakETagExtensions
{
    /// <summary>Answers the route's 200 results with a content-based weak ETag and 304 on a matching <c>If-None-Match</c>.</summary>
    public static RouteHandlerBuilder WithWeakETag(this RouteHandlerBuilder builder) => builder.AddEndpointFilter<WeakETagFilter>();
}
