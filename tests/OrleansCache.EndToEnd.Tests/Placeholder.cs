namespace OrleansCache.EndToEnd.Tests;
