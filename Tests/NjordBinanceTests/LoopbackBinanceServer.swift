import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import NjordCore

/// A Binance.US stand-in on 127.0.0.1 (port 0): WebSocket connections on any path play a script of
/// recorded frames, one script per connection in the order they arrive, and `GET /api/v3/depth`
/// answers with the next of a list of REST snapshots (the last one repeats).
final class LoopbackBinanceServer: @unchecked Sendable {
    /// What one WebSocket connection does after the upgrade.
    struct Script: Sendable {
        /// What follows the frames.
        enum Then: Sendable {
            /// The server closes the connection (a dropped connection).
            case close
            /// The connection stays open and silent.
            case stayOpen
        }

        var frames: [String]
        var then: Then
    }

    let port: Int
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let channel: any Channel
    private let lock = NjordCore.Mutex()
    private var scripts: [Script]
    private var snapshots: [String]
    private var connectionCount = 0
    private var snapshotCount = 0

    init(scripts: [Script], snapshots: [String], exchangeInfo: String? = nil) throws {
        self.scripts = scripts
        self.snapshots = snapshots
        let box = UnsafeTransfer<LoopbackBinanceServer?>(nil)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                let upgrader = NIOWebSocketServerUpgrader(
                    maxFrameSize: 1 << 24,
                    shouldUpgrade: { channel, _ in channel.eventLoop.makeSucceededFuture(HTTPHeaders()) },
                    upgradePipelineHandler: { channel, _ in
                        let script = box.value?.nextScript() ?? Script(frames: [], then: .stayOpen)
                        return channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(ScriptedFeedHandler(script: script))
                        }
                    })
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withServerUpgrade: (
                            upgraders: [upgrader],
                            completionHandler: { context in
                                context.pipeline.removeHandler(name: "rest", promise: nil)
                            }
                        ))
                    try channel.pipeline.syncOperations.addHandler(
                        RESTHandler(snapshot: { box.value?.nextSnapshot() ?? "{}" }, exchangeInfo: exchangeInfo),
                        name: "rest")
                }
            }
        channel = try bootstrap.bind(host: "127.0.0.1", port: 0).wait()
        port = channel.localAddress?.port ?? 0
        box.value = self
    }

    var wsURL: String { "ws://127.0.0.1:\(port)" }
    var restURL: String { "http://127.0.0.1:\(port)" }
    var connections: Int { lock.withLock { connectionCount } }
    var snapshotRequests: Int { lock.withLock { snapshotCount } }

    func shutdown() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }

    private func nextScript() -> Script {
        lock.withLock {
            defer { connectionCount += 1 }
            return connectionCount < scripts.count ? scripts[connectionCount] : Script(frames: [], then: .stayOpen)
        }
    }

    private func nextSnapshot() -> String {
        lock.withLock {
            defer { snapshotCount += 1 }
            return snapshots[min(snapshotCount, snapshots.count - 1)]
        }
    }
}

/// A mutable box handed to NIO's `@Sendable` initializers before the server object exists.
final class UnsafeTransfer<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// Plays one connection's script: every frame as a text message, then a close or silence.
/// Answers pings (websocket-kit closes a connection whose pings go unanswered).
private final class ScriptedFeedHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame
    private let script: LoopbackBinanceServer.Script

    init(script: LoopbackBinanceServer.Script) { self.script = script }

    func handlerAdded(context: ChannelHandlerContext) {
        for frame in script.frames {
            let buffer = context.channel.allocator.buffer(string: frame)
            context.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: buffer)), promise: nil)
        }
        if case .close = script.then {
            var code = context.channel.allocator.buffer(capacity: 2)
            code.write(webSocketErrorCode: .goingAway)
            context.write(
                wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: code)), promise: nil)
            context.flush()
            context.close(promise: nil)
        } else {
            context.flush()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            context.close(promise: nil)
        default:
            break
        }
    }
}

/// Serves `GET /api/v3/depth…` with the next snapshot and `GET /api/v3/exchangeInfo` when given
/// one; anything else is a 404.
private final class RESTHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    private let snapshot: () -> String
    private let exchangeInfo: String?
    private var uri = ""

    init(snapshot: @escaping () -> String, exchangeInfo: String?) {
        self.snapshot = snapshot
        self.exchangeInfo = exchangeInfo
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): uri = head.uri
        case .body: break
        case .end:
            let answer: String? =
                uri.hasPrefix("/api/v3/depth") ? snapshot() : uri.hasPrefix("/api/v3/exchangeInfo") ? exchangeInfo : nil
            let found = answer != nil
            let body = answer ?? "{\"code\":-1,\"msg\":\"not found\"}"
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Content-Length", value: String(body.utf8.count))
            let head = HTTPResponseHead(version: .http1_1, status: found ? .ok : .notFound, headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
