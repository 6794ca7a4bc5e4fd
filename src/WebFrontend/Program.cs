using OrleansCache.WebFrontend.Hosting;

// The whole composition is in FrontendApplication, which the HTTP benchmark host runs too.
return await FrontendApplication.RunAsync(args);
