using System.Collections.Immutable;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Concurrency;

namespace GovOrleans.GrainInterfaces.Departments;

/// <summary>The list of departments; a single grain keyed <see cref="Key"/>.</summary>
public interface IDepartmentDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The directory grain's key.</summary>
    const string Key = "directory";

    /// <summary>Adds or renames a department (called by the department grain).</summary>
    Task RegisterAsync(DepartmentSummary department);

    /// <summary>Every department, ordered by code.</summary>
    [ReadOnly]
    Task<ImmutableArray<DepartmentSummary>> ListAsync();
}
