namespace GovOrleans.Bench.Reporting;

/// <summary>Finds <c>bench/results</c> from the build output, wherever the command was started.</summary>
internal static class ResultsLocator
{
    public static string DefaultDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GovOrleans.Bench.csproj")) && dir.Parent is { } bench)
            {
                return Path.Combine(bench.FullName, "results");
            }
        }

        return Path.Combine(Environment.CurrentDirectory, "bench-results");
    }
}
