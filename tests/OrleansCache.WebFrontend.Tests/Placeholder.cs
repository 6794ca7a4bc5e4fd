namespace OrleansCache.WebFrontend.Tests;
