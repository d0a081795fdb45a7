using System.ComponentModel.DataAnnotations;

namespace GovOrleans.Runtime.Catalog;

/// <summary>Activation lifetime: idle collection and lifecycle timeouts.</summary>
public sealed class GrainCollectionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Silo:GrainCollection";

    /// <summary>Idle time after which an activation may be collected.</summary>
    /// <value>15 minutes.</value>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for; the collection age is therefore a lower bound.</summary>
    /// <value>1 minute.</value>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Per grain type name (e.g. <c>case</c>), a collection age that overrides <see cref="CollectionAge"/> and the class attribute.</summary>
    public IDictionary<string, TimeSpan> ClassSpecificCollectionAge { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    /// <summary>Limit for loading state and OnActivateAsync.</summary>
    /// <value>30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Limit for OnDeactivateAsync.</summary>
    /// <value>30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
