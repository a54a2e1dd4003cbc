import NIOWebSocket
import Testing
