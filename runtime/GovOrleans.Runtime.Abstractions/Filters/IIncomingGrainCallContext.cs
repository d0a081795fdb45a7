namespace GovOrleans.Runtime.Abstractions.Filters;

/// <summary>A call as seen on the target activation.</summary>
public interface IIncomingGrainCallContext : IGrainCallContext
{
    /// <summary>The grain instance being called.</summary>
    object Grain { get; }
}
