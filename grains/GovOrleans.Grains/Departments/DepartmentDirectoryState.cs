namespace GovOrleans.Grains.Departments;

/// <summary>Stored state of <see cref="DepartmentDirectoryGrain"/>: department names by code.</summary>
public sealed class DepartmentDirectoryState
{
    public Dictionary<string, string> Departments { get; set; } = [];
}
