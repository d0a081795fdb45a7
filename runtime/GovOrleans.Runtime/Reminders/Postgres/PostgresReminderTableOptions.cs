namespace GovOrleans.Runtime.Reminders.Postgres;

/// <summary>Options of the <see cref="PostgresReminderTable"/>.</summary>
public sealed class PostgresReminderTableOptions
{
    /// <summary>The default <see cref="ServiceId"/>.</summary>
    public const string DefaultServiceId = "govorleans";

    /// <summary>The Npgsql connection string. Required.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Separates the reminders of services sharing one database.</summary>
    /// <value>Defaults to <c>govorleans</c>.</value>
    public string ServiceId { get; set; } = DefaultServiceId;
}
