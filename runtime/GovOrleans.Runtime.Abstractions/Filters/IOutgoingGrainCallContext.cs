namespace GovOrleans.Runtime.Abstractions.Filters;

/// <summary>A call as seen by the caller, before it is sent.</summary>
public interface IOutgoingGrainCallContext : IGrainCallContext;
