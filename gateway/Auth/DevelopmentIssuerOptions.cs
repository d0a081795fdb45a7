using System.ComponentModel.DataAnnotations;

namespace GovOrleans.Gateway.Auth;

/// <summary>The built-in development identity provider (<c>Auth:DevelopmentIssuer</c>); off unless enabled.</summary>
internal sealed class DevelopmentIssuerOptions
{
    /// <summary>Serve <c>POST /api/v1/auth/token</c>. Never enable in production.</summary>
    public bool Enabled { get; set; }

    /// <summary>Lifetime of issued tokens.</summary>
    [Range(1, 1440)]
    public int TokenLifetimeMinutes { get; set; } = 60;

    /// <summary>Demo users for the password grant.</summary>
    public List<DemoUser> Users { get; set; } = [];

    /// <summary>Department systems for the client_credentials grant.</summary>
    public List<DemoClient> Clients { get; set; } = [];
}

/// <summary>A demo user of the development issuer.</summary>
internal sealed class DemoUser
{
    /// <summary>Login name; also the token subject.</summary>
    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>Shown in departments' staff lists.</summary>
    public string DisplayName { get; set; } = "";

    public List<string> Roles { get; set; } = [];

    /// <summary>The staff member's department code.</summary>
    public string? Department { get; set; }
}

/// <summary>A department-system client of the development issuer.</summary>
internal sealed class DemoClient
{
    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    public string? Department { get; set; }

    public List<string> Scopes { get; set; } = [];
}
