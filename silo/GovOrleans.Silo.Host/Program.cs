// A silo process (one Kubernetes pod): joins the cluster whose membership table and grain state live in the
// Platform:Storage database, serves grains over TCP, and leaves gracefully on SIGTERM.
using GovOrleans.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });

// Pod environment first, then anything given on the command line wins again.
builder.Configuration.AddKubernetesEnvironment();
builder.Configuration.AddCommandLine(args);
builder.Configuration[PlatformSiloExtensions.ClusterEnabledKey] ??= "true";

// SIGTERM gives the silo time to hand its grains over before Kubernetes kills it (terminationGracePeriodSeconds).
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(25));
builder.AddPlatformSilo();

using var host = builder.Build();
await host.RunAsync();
return Environment.ExitCode;
