using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Catalog;
using GovOrleans.Runtime.Tests.Grains;

namespace GovOrleans.Runtime.Tests.Identity;

public sealed class GrainIdTests
{
    [Fact]
    public void EncodeKey_EachKeyKind_FollowsOrleansEncoding()
    {
        Assert.Equal("FF", GrainId.EncodeKey(255L));
        Assert.Equal("FFFFFFFFFFFFFFFF", GrainId.EncodeKey(-1L));
        Assert.Equal("0123456789abcdef0123456789abcdef", GrainId.EncodeKey(Guid.Parse("01234567-89ab-cdef-0123-456789abcdef")));
        Assert.Equal("A+ext", GrainId.EncodeKey(10L, "ext"));
        Assert.Equal("020235", GrainId.EncodeKey("020235"));
    }

    [Fact]
    public void Parse_ToString_RoundTrips()
    {
        var id = new GrainId(new GrainType("case"), "2026/000042");
        var parsed = GrainId.Parse(id.ToString());
        Assert.Equal(id, parsed);
        Assert.Equal("case/2026/000042", id.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("nokey")]
    [InlineData("/key")]
    public void Parse_WithoutType_ThrowsFormatException(string text) => Assert.Throws<FormatException>(() => GrainId.Parse(text));

    [Theory]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("")]
    public void GrainType_InvalidName_Throws(string name) => Assert.ThrowsAny<ArgumentException>(() => new GrainType(name));

    [Fact]
    public void StableHash_PublishedXxHash32Vectors_Match()
    {
        Assert.Equal(0x02CC5D05u, StableHash.Compute(""));
        Assert.Equal(0x32D153FFu, StableHash.Compute("abc"));
        Assert.Equal(0xE2293B2Fu, StableHash.Compute("Nobody inspects the spammish repetition"));
    }

    [Fact]
    public void GetUniformHashCode_SameKeyDifferentType_Differs()
    {
        var citizen = new GrainId(new GrainType("citizen"), "42");
        var @case = new GrainId(new GrainType("case"), "42");
        Assert.NotEqual(citizen.GetUniformHashCode(), @case.GetUniformHashCode());
        Assert.Equal(citizen.GetUniformHashCode(), new GrainId(new GrainType("citizen"), "42").GetUniformHashCode());
    }

    [Fact]
    public void DefaultGrainType_ClassName_LowerCasedWithoutGrainSuffix() =>
        Assert.Equal(new GrainType("counter"), GrainTypeResolver.DefaultGrainType(typeof(CounterGrain)));

    [Fact]
    public void DefaultGrainType_GrainTypeAttribute_OverridesClassName() =>
        Assert.Equal(new GrainType("profile"), GrainTypeResolver.DefaultGrainType(typeof(CitizenProfileRenamedGrain)));
}
