namespace OrleansCache.Grains.Tests;
