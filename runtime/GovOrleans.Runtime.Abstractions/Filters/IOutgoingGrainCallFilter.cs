namespace GovOrleans.Runtime.Abstractions.Filters;

/// <summary>Runs on the caller around every grain call it makes, in registration order.</summary>
public interface IOutgoingGrainCallFilter
{
    /// <summary>Handles the call; must await <see cref="IGrainCallContext.Invoke"/> to let it proceed.</summary>
    Task Invoke(IOutgoingGrainCallContext context);
}
