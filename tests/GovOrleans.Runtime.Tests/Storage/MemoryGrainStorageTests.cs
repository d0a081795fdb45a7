using GovOrleans.Runtime.Abstractions.Storage;
using GovOrleans.Runtime.Storage;

namespace GovOrleans.Runtime.Tests.Storage;

public sealed class MemoryGrainStorageTests : GrainStorageConformanceTests
{
    protected override Task<IGrainStorage> CreateStorageAsync() => Task.FromResult<IGrainStorage>(new MemoryGrainStorage());
}
