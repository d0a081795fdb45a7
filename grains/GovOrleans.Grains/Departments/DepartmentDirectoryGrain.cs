using System.Collections.Immutable;
using GovOrleans.GrainInterfaces.Departments;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Storage;

namespace GovOrleans.Grains.Departments;

/// <summary>The list of configured departments (key <see cref="IDepartmentDirectoryGrain.Key"/>); departments register themselves.</summary>
public sealed class DepartmentDirectoryGrain(
    [PersistentState("directory")] IPersistentState<DepartmentDirectoryState> state) : Grain, IDepartmentDirectoryGrain
{
    public async Task RegisterAsync(DepartmentSummary department)
    {
        ArgumentNullException.ThrowIfNull(department);
        if (state.State.Departments.TryGetValue(department.Code, out var name) && name == department.Name)
        {
            return;
        }

        state.State.Departments[department.Code] = department.Name;
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<DepartmentSummary>> ListAsync() =>
        Task.FromResult(state.State.Departments
            .OrderBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => new DepartmentSummary(d.Key, d.Value))
            .ToImmutableArray());
}
