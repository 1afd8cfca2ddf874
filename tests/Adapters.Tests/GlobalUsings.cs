global using Microsoft.Extensions.Configuration;
global using Microsoft.Extensions.DependencyInjection;
global using WireMock.RequestBuilders;
global using WireMock.ResponseBuilders;
global using WireMock.Server;
