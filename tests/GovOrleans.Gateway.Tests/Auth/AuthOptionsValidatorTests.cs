using GovOrleans.Gateway.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GovOrleans.Gateway.Tests.Auth;

/// <summary>The symmetric (development) key is refused outside Development unless the development issuer is enabled.</summary>
public sealed class AuthOptionsValidatorTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Validate_SymmetricKeyOutsideDevelopment_FailsNamingIt(string environment)
    {
        var options = new AuthOptions { SymmetricKey = TestTokens.DevelopmentKey, ClockSkewSeconds = 30 };

        var result = new AuthOptionsValidator(new Environment(environment)).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Auth:SymmetricKey", StringComparison.Ordinal) && f.Contains("Auth:DevelopmentIssuer:Enabled", StringComparison.Ordinal));
        Assert.DoesNotContain(TestTokens.DevelopmentKey, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SymmetricKeyOutsideDevelopment_ListedWithOtherFailures()
    {
        var options = new AuthOptions { SymmetricKey = TestTokens.DevelopmentKey, PublicKeysPem = ["not a key"] };

        var result = new AuthOptionsValidator(new Environment("Production")).Validate(null, options);

        Assert.Equal(2, result.Failures!.Count());
    }

    [Fact]
    public void Validate_SymmetricKeyWithEnabledDevelopmentIssuerOutsideDevelopment_Succeeds()
    {
        var options = new AuthOptions { SymmetricKey = TestTokens.DevelopmentKey, DevelopmentIssuer = { Enabled = true } };

        var result = new AuthOptionsValidator(new Environment("Production")).Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_SymmetricKeyInDevelopment_Succeeds()
    {
        var options = new AuthOptions { SymmetricKey = TestTokens.DevelopmentKey };

        var result = new AuthOptionsValidator(new Environment(Environments.Development)).Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_NoSymmetricKeyOutsideDevelopment_NoSymmetricKeyFailure()
    {
        var options = new AuthOptions { PublicKeysPem = ["not a key"] };

        var result = new AuthOptionsValidator(new Environment("Production")).Validate(null, options);

        Assert.DoesNotContain(result.Failures!, f => f.Contains("development only", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_ProductionWithSymmetricKey_FailsWithOptionsValidationError()
    {
        using var factory = new ProductionGateway();

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        var validation = Assert.IsType<OptionsValidationException>(error is AggregateException { InnerException: { } inner } ? inner : error);
        Assert.Contains(validation.Failures, f => f.Contains("Auth:SymmetricKey", StringComparison.Ordinal));
    }

    private sealed class ProductionGateway : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(Environments.Production);
            builder.UseSetting("Auth:SymmetricKey", TestTokens.DevelopmentKey);
            builder.UseSetting("Platform:Storage:Provider", "Sqlite");
            builder.UseSetting("Platform:Storage:ConnectionString", "Data Source=:memory:");
        }
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "GovOrleans.Gateway";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
