using System.Globalization;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Storage;

namespace GovOrleans.Runtime.Storage;

/// <summary>
/// The ETag rules every provider shares: the ETag is the stored integer version as a string, so a version check is
/// a plain integer comparison in the database and conflicts never depend on the payload.
/// </summary>
internal static class GrainStateVersion
{
    public static string Format(int version) => version.ToString(CultureInfo.InvariantCulture);

    public static string? Format(int? version) => version is { } value ? Format(value) : null;

    /// <summary>The expected version of a write: null means "no row may exist".</summary>
    /// <exception cref="InconsistentStateException">The ETag is not a version this store issued.</exception>
    public static int? ParseExpected(string? eTag, string stateName, GrainId grainId)
    {
        if (eTag is null)
        {
            return null;
        }

        if (int.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return version;
        }

        throw new InconsistentStateException(
            $"State '{stateName}' of grain {grainId}: the ETag is not a stored version.", storedEtag: null, currentEtag: eTag);
    }

    public static InconsistentStateException Conflict(string stateName, GrainId grainId, int? storedVersion, int? expectedVersion)
    {
        var stored = Format(storedVersion);
        var expected = Format(expectedVersion);
        return new InconsistentStateException(
            $"State '{stateName}' of grain {grainId} was changed by another writer: expected version {expected ?? "none"}, stored {stored ?? "none"}.",
            stored,
            expected);
    }
}
