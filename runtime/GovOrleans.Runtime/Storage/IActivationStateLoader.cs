namespace GovOrleans.Runtime.Storage;

/// <summary>A persistent state that the activation loads before OnActivateAsync.</summary>
internal interface IActivationStateLoader
{
    Task ReadStateAsync(CancellationToken cancellationToken);
}
