using GovOrleans.Runtime.Abstractions;

namespace GovOrleans.Runtime.Diagnostics;

/// <summary>
/// A grain id as the runtime's log messages show it (<see cref="GrainIdText"/>): keys of <see cref="PersonalDataKeyAttribute"/>
/// grain types appear only as pseudonyms. Formatted when the message is, so a disabled log level costs nothing.
/// </summary>
internal readonly struct GrainLogId(GrainId grainId)
{
    public static implicit operator GrainLogId(GrainId grainId) => new(grainId);

    /// <summary>Keys of <paramref name="grainType"/> identify people: log them as pseudonyms from now on.</summary>
    public static void MarkPersonal(GrainType grainType) => GrainIdText.MarkPersonal(grainType);

    public override string ToString() => GrainIdText.Of(grainId);
}
