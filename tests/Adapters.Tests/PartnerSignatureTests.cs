using EarTagTrace.Adapters.Common;

namespace EarTagTrace.Adapters.Tests;

public class Signing_a_partner_request
{
    // Expected values computed once, outside .NET:
    // printf '%s' '<appKey><timestamp><METHOD><pathAndQuery><body>' | openssl dgst -sha256 -hmac '<secret>'
    [Fact]
    public void Should_match_the_openssl_vector_for_a_registry_pull()
    {
        var sign = PartnerSignature.Sign("fr-sandbox-secret", "fr-sandbox", 1767225600000, "get",
            "/openapi/yzc/list?gxsjStart=2026-01-01%2000%3A00%3A00&page=1&pageSize=500", "");

        Assert.Equal("35e66b3601ccd23251aa76e037b5438b0241d46b9f2e2b07e9ac529cfc2daaeb", sign);
    }

    [Fact]
    public void Should_match_the_openssl_vector_for_a_body_with_chinese_text()
    {
        var sign = PartnerSignature.Sign("dj-sandbox-secret", "dj-sandbox", 1767225600000, "POST", "/api/yzc/sync",
            """{"rows":[{"yzcbm":"FR220122000123","yzcmc":"长春市双阳区示范养殖场"}]}""");

        Assert.Equal("6380d23a698bc900492adf7b2cda886dd85237e1e32e3b1da2007873424734d4", sign);
    }
}
