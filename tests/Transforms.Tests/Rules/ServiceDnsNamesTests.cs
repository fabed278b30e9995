using RestoreMutator.Transforms.Rules;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules;

/// <summary>SPEC N4: where a Service DNS name of a mapped namespace is recognised in free text, and where not.</summary>
public class ServiceDnsNamesTests
{
    private static readonly Dictionary<string, string> Mapping = new(StringComparer.Ordinal) { ["shop-old"] = "shop", ["team-a"] = "team-b" };

    private static string? Rewrite(string text) => ServiceDnsNames.Rewrite(text, ns => NamespaceReferences.Map(Mapping, ns));

    [Theory]
    [InlineData("db.shop-old.svc", "db.shop.svc")]
    [InlineData("db.shop-old.svc.cluster.local", "db.shop.svc.cluster.local")]
    [InlineData("db.shop-old.svc:5432", "db.shop.svc:5432")]
    [InlineData("db.shop-old.svc.cluster.local:5432", "db.shop.svc.cluster.local:5432")]
    [InlineData("http://api.shop-old.svc/v1/items", "http://api.shop.svc/v1/items")]
    [InlineData("http://api.shop-old.svc.cluster.local/v1", "http://api.shop.svc.cluster.local/v1")]
    [InlineData("postgres://u:p@db.shop-old.svc.cluster.local:5432/shop?ssl=1", "postgres://u:p@db.shop.svc.cluster.local:5432/shop?ssl=1")]
    [InlineData("db.shop-old.svc.cluster.local.", "db.shop.svc.cluster.local.")] // absolute name
    [InlineData("Connect to db.shop-old.svc.", "Connect to db.shop.svc.")] // full stop
    [InlineData("a.shop-old.svc,b.team-a.svc;c.shop-old.svc", "a.shop.svc,b.team-b.svc;c.shop.svc")]
    [InlineData("hosts: [\"db.shop-old.svc\"]", "hosts: [\"db.shop.svc\"]")]
    [InlineData("db.shop-old.svc\tnext", "db.shop.svc\tnext")]
    [InlineData("line1\nredis.shop-old.svc\nline3", "line1\nredis.shop.svc\nline3")]
    [InlineData("web-0.nginx.shop-old.svc.cluster.local", "web-0.nginx.shop.svc.cluster.local")] // StatefulSet pod under a headless Service
    [InlineData("_http._tcp.web.shop-old.svc.cluster.local", "_http._tcp.web.shop.svc.cluster.local")] // SRV name
    [InlineData("DB.shop-old.svc", "DB.shop.svc")]
    [InlineData("db.shop-old.svc)", "db.shop.svc)")]
    [InlineData("'db.shop-old.svc'", "'db.shop.svc'")]
    public void Rewrite_ServiceName_MapsTheNamespaceLabel(string text, string expected) => Rewrite(text).ShouldBe(expected);

    [Theory]
    [InlineData("db.shop-old.svc.example.org")] // a name under some svc.example.org domain
    [InlineData("db.shop-old.svc.cluster.local.example.org")]
    [InlineData("db.shop-old.svc.cluster.localhost")]
    [InlineData("db.shop-old.svc.cluster")] // another cluster domain: only the plain .svc form counts
    [InlineData("db.shop-old.svcs")]
    [InlineData("db.shop-old.svc-2")]
    [InlineData("db.shop-old.svc_x")]
    [InlineData("db.shop-old.svcé")]
    [InlineData("shop-old.svc")] // no Service label
    [InlineData("http://shop-old.svc:80")]
    [InlineData(".shop-old.svc")]
    [InlineData("-.shop-old.svc")] // a label cannot end in '-'
    [InlineData("db.myshop-old.svc")] // another namespace that ends like a mapped one
    [InlineData("db.shop-old-2.svc")]
    [InlineData("db.Shop-old.svc")] // namespaces are lower case; this is not one
    [InlineData("db.shop.svc")] // already the target
    [InlineData("db.other.svc.cluster.local")]
    [InlineData("shop-old")]
    [InlineData("")]
    [InlineData(".svc")]
    [InlineData("a..svc")]
    public void Rewrite_NotAServiceNameOfAMappedNamespace_ReturnsNull(string text) => Rewrite(text).ShouldBeNull();

    [Fact]
    public void Rewrite_OutputAgain_ChangesNothing()
    {
        var once = Rewrite("jdbc:postgresql://db.shop-old.svc.cluster.local:5432/x and cache.team-a.svc")!;

        Rewrite(once).ShouldBeNull();
    }

    [Fact]
    public void Rewrite_LargeValue_RewritesEveryOccurrence()
    {
        var text = string.Concat(Enumerable.Repeat("server api.shop-old.svc:8080;\n", 10_000));

        Rewrite(text).ShouldBe(string.Concat(Enumerable.Repeat("server api.shop.svc:8080;\n", 10_000)));
    }
}
