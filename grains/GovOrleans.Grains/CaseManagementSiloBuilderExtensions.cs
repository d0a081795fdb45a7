using GovOrleans.Grains.Cases;
using GovOrleans.Grains.Cases.Index;
using GovOrleans.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GovOrleans.Grains;

/// <summary>Registers the case-management grains and their case index on a silo.</summary>
public static class CaseManagementSiloBuilderExtensions
{
    /// <summary>Adds the grain classes of this assembly and, unless another is configured, an in-memory case index.</summary>
    public static ISiloBuilder AddCaseManagement(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddGrainAssembly(typeof(CaseGrain).Assembly);
        builder.Services.TryAddSingleton<ICaseIndex, InMemoryCaseIndex>();
        return builder;
    }

    /// <summary>Uses a process-local case index (tests and development).</summary>
    public static ISiloBuilder UseInMemoryCaseIndex(this ISiloBuilder builder) => Replace(builder, _ => new InMemoryCaseIndex());

    /// <summary>Keeps the case index in the SQLite database at <paramref name="connectionString"/> (table created on first use).</summary>
    public static ISiloBuilder UseSqliteCaseIndex(this ISiloBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return Replace(builder, _ => new SqliteCaseIndex(connectionString));
    }

    /// <summary>Keeps the case index in the PostgreSQL database at <paramref name="connectionString"/> (table created on first use).</summary>
    public static ISiloBuilder UsePostgresCaseIndex(this ISiloBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return Replace(builder, _ => new PostgresCaseIndex(connectionString));
    }

    private static ISiloBuilder Replace(ISiloBuilder builder, Func<IServiceProvider, ICaseIndex> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<ICaseIndex>();
        builder.Services.AddSingleton(factory);
        return builder;
    }
}
