namespace GovOrleans.Runtime.Reminders.Sqlite;

/// <summary>Options of the <see cref="SqliteReminderTable"/>.</summary>
public sealed class SqliteReminderTableOptions
{
    /// <summary>The default <see cref="ServiceId"/>.</summary>
    public const string DefaultServiceId = "govorleans";

    /// <summary>The SQLite connection string, e.g. <c>Data Source=./data/govorleans.db</c>; the directory is created when missing. Required.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Separates the reminders of services sharing one database.</summary>
    /// <value>Defaults to <c>govorleans</c>.</value>
    public string ServiceId { get; set; } = DefaultServiceId;
}
