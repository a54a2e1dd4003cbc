import NjordRedis
import Testing

@Suite struct RedisEndpointTests {
    let endpoint = RedisEndpoint.tcp(port: 6479, database: 2, username: "alice", password: "hunter2-secret")

    @Test func descriptionShowsAddressUserAndDatabaseButRedactsPassword() {
        #expect(endpoint.description == "redis://alice:***@127.0.0.1:6479/2")
        #expect(RedisEndpoint.unix(path: "/tmp/r.sock").description == "unix:///tmp/r.sock?db=0")
    }

    @Test func passwordNeverAppearsInAnyRendering() {
        var dumped = ""
        dump(endpoint, to: &dumped)
        for text in ["\(endpoint)", String(reflecting: endpoint), dumped] {
            #expect(!text.contains("hunter2"), "leaked in: \(text)")
        }
        #expect(dumped.contains("alice"))
    }

    @Test func ipv6HostsAreBracketedInAddressDescription() {
        #expect(RedisEndpoint.tcp(host: "::1", port: 7000).addressDescription == "[::1]:7000")
    }
}
