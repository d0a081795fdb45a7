namespace GovOrleans.Runtime.Abstractions.Concurrency;

/// <summary>Overrides the idle collection age for one grain class.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class CollectionAgeLimitAttribute : Attribute
{
    /// <summary>Minutes of idleness before an activation may be collected.</summary>
    public double Minutes { get; set; }

    /// <summary>The age as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan Age => TimeSpan.FromMinutes(Minutes);
}
