import Foundation
import Testing

@testable import NjordBinance

@Suite struct BinanceRESTClientTests {
    /// Stopping the venue cancels its REST requests (`invalidateAndCancel`), whatever stage they
    /// are at. Each canceled request completes, once, and none traps: corelibs-foundation traps
    /// ("a task that in not in the registry") when a cancel lands while the session's response
    /// cache is being looked up, so the client keeps no cache (a depth snapshot must never come
    /// from one anyway).
    @Test func requestsCanceledAsTheyStartCompleteWithoutTrapping() throws {
        let server = try LoopbackBinanceServer(scripts: [], snapshots: ["{\"lastUpdateId\":1,\"bids\":[],\"asks\":[]}"])
        defer { server.shutdown() }
        let url = "http://127.0.0.1:\(server.port)/api/v3/depth?symbol=BTCUSDT&limit=5"
        for round in 0..<400 {
            let client = BinanceRESTClient(timeoutSeconds: 5)
            let completed = DispatchSemaphore(value: 0)
            client.get(url) { _ in completed.signal() }
            client.invalidate()
            #expect(completed.wait(timeout: .now() + 10) == .success, "round \(round) never completed")
        }
    }
}
