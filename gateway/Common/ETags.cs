using System.Globalization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace GovOrleans.Gateway.Common;

/// <summary>Version-based entity tags: <c>W/"&lt;version&gt;"</c> on reads; <c>If-Match</c> accepts the weak or strong form.</summary>
internal static class ETags
{
    /// <summary>The entity tag of a resource version.</summary>
    public static string Format(int version) => "W/\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>True when <c>If-None-Match</c> names <paramref name="version"/> (or is <c>*</c>).</summary>
    public static bool IfNoneMatchHits(HttpRequest request, int version)
    {
        var header = request.Headers.IfNoneMatch;
        if (StringValues.IsNullOrEmpty(header))
        {
            return false;
        }

        if (!EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return false;
        }

        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || ParseVersion(tag) == version);
    }

    /// <summary>
    /// Reads <c>If-Match</c> as the expected version: absent or <c>*</c> → null (no check); one version → it;
    /// anything else → false (the caller answers 400).
    /// </summary>
    public static bool TryReadIfMatch(HttpRequest request, out int? expectedVersion)
    {
        expectedVersion = null;
        var header = request.Headers.IfMatch;
        if (StringValues.IsNullOrEmpty(header))
        {
            return true;
        }

        if (!EntityTagHeaderValue.TryParseList(header, out var tags) || tags.Count != 1)
        {
            return false;
        }

        if (tags[0].Equals(EntityTagHeaderValue.Any))
        {
            return true;
        }

        expectedVersion = ParseVersion(tags[0]);
        return expectedVersion is not null;
    }

    /// <summary>Sets the <c>ETag</c> response header.</summary>
    public static void Set(HttpResponse response, int version) => response.Headers.ETag = Format(version);

    private static int? ParseVersion(EntityTagHeaderValue tag)
    {
        var raw = tag.Tag.AsSpan().Trim('"');
        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version >= 0 ? version : null;
    }
}
