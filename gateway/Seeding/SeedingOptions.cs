namespace GovOrleans.Gateway.Seeding;

/// <summary>Seeding of the sample municipality at startup (section <c>Seeding</c>).</summary>
internal sealed class SeedingOptions
{
    public const string SectionName = "Seeding";

    /// <summary>Seed departments, workflows and case types (idempotent). On in Development by configuration.</summary>
    public bool Enabled { get; set; }
}
