using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Runtime.Diagnostics;

/// <summary>
/// A grain id as the runtime's log messages show it (<see cref="GrainIdText"/>): keys of <see cref="PersonalDataKeyAttribute"/>
/// grain types appear only as pseudonyms. Formatted when the message is, so a disabled log level costs nothing.
/// </summary>
internal readonly struct GrainLogId(GrainId grainId)
{
    public static implicit operator GrainLogId(GrainId grainId) => new(grainId);

    public override string ToString() => GrainIdText.Of(grainId);
}
