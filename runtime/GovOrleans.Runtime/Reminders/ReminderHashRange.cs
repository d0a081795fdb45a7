using System.Globalization;

namespace GovOrleans.Runtime.Reminders;

/// <summary>
/// The ring ranges of <see cref="IReminderTable.ReadRangeAsync"/>: (begin, end], wrapping past zero when
/// begin &gt; end, and the whole ring when begin == end. Hashes compare as unsigned 32-bit values everywhere.
/// </summary>
internal static class ReminderHashRange
{
    public static bool Contains(uint begin, uint end, uint hash) =>
        begin < end ? hash > begin && hash <= end
        : begin > end ? hash > begin || hash <= end
        : true;

    /// <summary>The SQL predicate for the range over a column holding the hash as a non-negative integer.</summary>
    /// <remarks>The bounds are bound as parameters named by the caller; only the shape of the predicate varies.</remarks>
    public static string SqlPredicate(uint begin, uint end, string column, string beginParameter, string endParameter) =>
        begin < end ? $"{column} > {beginParameter} AND {column} <= {endParameter}"
        : begin > end ? $"({column} > {beginParameter} OR {column} <= {endParameter})"
        : "TRUE";

    public static bool TryParseETag(string? eTag, out int version) =>
        int.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out version);
}
