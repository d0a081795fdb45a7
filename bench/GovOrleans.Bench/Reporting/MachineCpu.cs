using System.Globalization;

namespace GovOrleans.Bench.Reporting;

/// <summary>Jiffies from the first line of <c>/proc/stat</c>; zeros where it cannot be read.</summary>
internal readonly record struct MachineCpu(long Total, long Busy, long Steal)
{
    public static MachineCpu Read()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            var fields = reader.ReadLine()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            // user nice system idle iowait irq softirq steal [guest guest_nice, already counted in user/nice]
            var total = fields.Take(8).Sum();
            return new MachineCpu(total, total - fields[3] - fields[4], fields[7]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return default;
        }
    }
}
