using System.ComponentModel.DataAnnotations;

namespace GovOrleans.Runtime.Invocation;

/// <summary>Options for grain calls.</summary>
public sealed class MessagingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Silo:Messaging";

    /// <summary>How long a caller waits for a response before a <see cref="TimeoutException"/> (outcome unknown).</summary>
    /// <value>30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
