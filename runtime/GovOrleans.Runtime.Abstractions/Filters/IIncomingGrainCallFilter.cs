namespace GovOrleans.Runtime.Abstractions.Filters;

/// <summary>
/// Runs on the target activation around every call: silo-wide filters in registration order, then the grain's
/// own (when the grain class implements this interface), then the method.
/// </summary>
public interface IIncomingGrainCallFilter
{
    /// <summary>Handles the call; must await <see cref="IGrainCallContext.Invoke"/> to let it proceed.</summary>
    Task Invoke(IIncomingGrainCallContext context);
}
