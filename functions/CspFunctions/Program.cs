using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The Azure Functions app: the local host's handlers, workflow and adapters (functions/Csp.Host)
// behind thin triggers, with settings of the same names.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddCspFunctionsApp(builder.Configuration);
builder.Build().Run();
