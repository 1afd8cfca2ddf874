using EarTagTrace.Adapters.FarmRegistry;
using EarTagTrace.Adapters.NationalAgri;
using EarTagTrace.Adapters.NationalCloud;
using Microsoft.Extensions.Options;
using EarTagTrace.Adapters.NationalPlatforms;

namespace EarTagTrace.Adapters.Tests;

public class Binding_partner_options
{
    [Fact]
    public void Should_use_the_sandbox_defaults_when_nothing_is_configured()
    {
        using var host = AdapterHost.Build(s => s.AddNationalCloudAdapter().AddFarmRegistryAdapter(), new Dictionary<string, string?>());

        var cloud = host.GetRequiredService<IOptionsMonitor<NationalPlatformOptions>>().Get(NationalPlatformOptions.NationalCloud);
        Assert.Equal("http://127.0.0.1:5083", cloud.BaseUrl);
        Assert.Equal("22", cloud.ProvinceCode);
        Assert.Equal("fr-sandbox", host.GetRequiredService<IOptions<FarmRegistryOptions>>().Value.AppKey);
    }

    [Fact]
    public void Should_name_the_bad_setting()
    {
        using var host = AdapterHost.Build(s => s.AddNationalAgriAdapter(), new Dictionary<string, string?>
        {
            ["Partners:NationalAgri:RetryCount"] = "-1",
            ["Partners:NationalAgri:BaseUrl"] = "not a url",
        });

        // What the host runs at start because of ValidateOnStart.
        var error = Assert.Throws<OptionsValidationException>(() => host.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Partners:NationalAgri:RetryCount", error.Message);
        Assert.Contains("Partners:NationalAgri:BaseUrl", error.Message);
    }
}
