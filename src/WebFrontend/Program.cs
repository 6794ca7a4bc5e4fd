using OrleansCache.WebFrontend.Cache;
using OrleansCache.WebFrontend.Hosting;
using OrleansCache.WebFrontend.Http;
using OrleansCache.WebFrontend.Models;
using OrleansCache.WebFrontend.OpenApi;
using OrleansCache.WebFrontend.Profiles;
using OrleansCache.WebFrontend.Security;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});

string? refusal;
try
{
    refusal = builder.AddApiKeySecurity();
    builder.AddClusterClient();
}
catch (InvalidOperationException ex)
{
    // The settings readers name the key in their message.
    refusal = ex.Message;
}

if (refusal is not null)
{
    // One line that names the key, not a stack trace.
    await Console.Error.WriteLineAsync($"OrleansCache.WebFrontend will not start: {refusal}");
    return 2;
}

builder.AddHttpConventions();
builder.AddHealth();
builder.Services.AddOpenApi(options => options.AddDocumentTransformer<ApiDocumentTransformer>());

var app = builder.Build();

app.UseMiddleware<RequestLogMiddleware>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseApiKey();

app.MapHealth();
app.MapOpenApi();
if (app.Environment.IsDevelopment())
{
    // An interactive page for /openapi/v1.json at /scalar, in development only.
    app.MapScalarApiReference();
}

app.MapProfiles();
app.MapModels();
app.MapCache();

await app.RunAsync();
return 0;

/// <summary>The frontend's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
