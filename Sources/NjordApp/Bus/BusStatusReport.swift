/// What `njord bus status` shows: the server, the order-flow streams with their consumer groups,
/// and the dead letters. Encoded as JSON by `--json` (keys below in snake_case); unknown values are
/// left out.
struct BusStatusReport: Encodable, Equatable {
    struct Connection: Encodable, Equatable {
        /// The endpoint without its password.
        var endpoint: String
        var redisVersion: String?
        var uptimeSeconds: Int?
        var connectedClients: Int?
        var usedMemoryBytes: Int?
        var usedMemoryHuman: String?
    }

    struct Group: Encodable, Equatable {
        var name: String
        var consumers: Int
        /// Entries delivered to the group and not yet acknowledged.
        var pending: Int
        var lastDeliveredId: String
        /// Entries not yet delivered to the group; nil when Redis cannot tell (before 7.0, or after
        /// a trim or deletion it cannot account for).
        var lag: Int?
    }

    struct Stream: Encodable, Equatable {
        var name: String
        var exists: Bool
        var length: Int
        var groups: [Group]
        /// Set when the key exists but cannot be read as a stream.
        var problem: String?
    }

    /// One entry of the dead-letter stream; `undecodable` is set instead of the rest when the entry
    /// is not a ``DeadLetter``.
    struct Letter: Encodable, Equatable {
        var id: String
        var origin: String?
        var kind: String?
        var reason: String?
        var consumer: String?
        var at: String?
        var undecodable: String?
    }

    struct DeadLetters: Encodable, Equatable {
        var stream: String
        var exists: Bool
        var count: Int
        /// The newest entries, oldest first.
        var recent: [Letter]
        var problem: String?
    }

    var connection: Connection
    var streams: [Stream]
    var deadLetters: DeadLetters

    /// The human-readable rendering.
    var text: String {
        var lines: [String] = []
        let c = connection
        var server = "redis \(c.endpoint)"
        if let v = c.redisVersion { server += "  version \(v)" }
        if let u = c.uptimeSeconds { server += "  up \(Self.duration(u))" }
        if let n = c.connectedClients { server += "  clients \(n)" }
        if let m = c.usedMemoryHuman ?? c.usedMemoryBytes.map({ "\($0)B" }) { server += "  memory \(m)" }
        lines.append(server)
        lines.append("")
        lines.append("streams:")
        for s in streams {
            if let problem = s.problem {
                lines.append("  \(s.name)  \(problem)")
            } else if !s.exists {
                lines.append("  \(s.name)  absent")
            } else {
                lines.append("  \(s.name)  length \(s.length)  groups \(s.groups.count)")
            }
            for g in s.groups {
                lines.append(
                    "    group \(g.name)  consumers \(g.consumers)  pending \(g.pending)  last-delivered \(g.lastDeliveredId)  lag \(g.lag.map(String.init) ?? "?")"
                )
            }
        }
        lines.append("")
        let d = deadLetters
        if let problem = d.problem {
            lines.append("dead letters (\(d.stream)): \(problem)")
        } else if !d.exists {
            lines.append("dead letters (\(d.stream)): none (stream absent)")
        } else {
            lines.append(
                "dead letters (\(d.stream)): \(d.count)\(d.recent.isEmpty ? "" : ", latest \(d.recent.count):")")
        }
        for l in d.recent {
            if let why = l.undecodable {
                lines.append("  \(l.id)  UNDECODABLE \(why)")
            } else {
                lines.append(
                    "  \(l.id)  \(l.at ?? "")  \(l.origin ?? "")  \(l.kind ?? "")  by \(l.consumer ?? "")  \(l.reason ?? "")"
                )
            }
        }
        return lines.joined(separator: "\n")
    }

    static func duration(_ seconds: Int) -> String {
        let (d, h, m, s) = (seconds / 86_400, seconds / 3_600 % 24, seconds / 60 % 60, seconds % 60)
        return d > 0 ? "\(d)d\(h)h" : h > 0 ? "\(h)h\(m)m" : m > 0 ? "\(m)m\(s)s" : "\(s)s"
    }
}
