public import NjordCore

/// Folds what reaches the console into the model: bus messages by type, the link's state, the
/// state keys and the passing of time. Pure: the time is given, nothing is read or written
/// outside the model. A message that does not decode is counted in `malformed`, never fatal.
public enum ConsoleReducer {
    /// The service whose heartbeat carries the limit and rate-guard levels.
    public static let riskEngineService = "risk-engine"

    public static func reduce(_ event: ConsoleEvent, into model: inout ConsoleModel, at now: Timestamp) {
        model.now = max(model.now, now)
        model.touch()
        switch event {
        case .message(let message): apply(message, to: &model, at: now)
        case .link(let state):
            if state.connected != model.bus.connected {
                model.logs.append(
                    LogRow(
                        at: now, level: state.connected ? .info : .warning, service: "console",
                        message: state.connected
                            ? "bus connected (\(state.address))"
                            : "bus disconnected, retrying: \(state.problem ?? "unknown")"))
            }
            model.bus = state
        case .killSwitchKey(let bytes):
            guard let bytes else {
                // No key: never tripped as far as Redis knows (daemons restore a trip from their file).
                if model.killSwitch == nil {
                    model.killSwitch = KillSwitchStateEvent(tripped: false, reason: nil, by: nil, at: nil)
                }
                return
            }
            decodeEnvelope(bytes, topic: Topics.killSwitchKey, into: &model, at: now)
        case .backtestLibrary(let snapshot): apply(snapshot, to: &model)
        case .backtestLibraryUnreadable(let why):
            model.backtests.problem = why
        case .logFiles(let batch): apply(batch, to: &model, at: now)
        }
    }

    /// A library poll: the results replace the list; launched jobs count their results; jobs in the
    /// running-jobs hash that the progress topic has not shown (they started before this console)
    /// join the job list; a job with a result no longer shows as running, even when the topic's
    /// last message was lost.
    static func apply(_ snapshot: BacktestLibrarySnapshot, to model: inout ConsoleModel) {
        model.backtests.runs = snapshot.results
        model.backtests.problem = nil
        model.backtests.workerAlive = snapshot.workerAlive
        model.backtests.undecodable = snapshot.undecodable
        let finished = Set(snapshot.results.map(\.id))
        for i in model.backtests.jobs.indices {
            model.backtests.jobs[i].finished = model.backtests.jobs[i].jobIds.count { finished.contains($0) }
        }
        for row in snapshot.running where model.backtestJobs[row.job] == nil { insertJob(row, into: &model) }
        for (id, row) in model.backtestJobs where row.status == "running" && finished.contains(id) {
            model.backtestJobs[id]?.status = "done"
            model.backtestJobs[id]?.fraction = 1
        }
        let count = InputHandler.visibleRuns(model).count
        model.backtests.selected = max(0, min(model.backtests.selected, count - 1))
        if let notice = snapshot.notice { model.notice = notice }
    }

    /// Adds or replaces a job row; at the cap the least recently updated row goes.
    static func insertJob(_ row: BacktestJobRow, into model: inout ConsoleModel) {
        if model.backtestJobs[row.job] == nil, model.backtestJobs.count >= ConsoleModel.maxBacktestJobs,
            let oldest = model.backtestJobs.values.min(by: { $0.updatedAt < $1.updatedAt })
        {
            model.backtestJobs[oldest.job] = nil
        }
        model.backtestJobs[row.job] = row
    }

    /// Moves the console's clock; redraws once a second so that ages and rates stay true.
    public static func tick(_ model: inout ConsoleModel, at now: Timestamp) {
        let before = model.now.nanosecondsSinceEpoch / 1_000_000_000
        model.now = max(model.now, now)
        if model.now.nanosecondsSinceEpoch / 1_000_000_000 != before { model.touch() }
    }

    static func apply(_ message: BusMessage, to model: inout ConsoleModel, at now: Timestamp) {
        model.messages += 1
        if message.topic.hasPrefix(Topics.log("")) {
            guard var row = ServiceMessageParser.logLine(message.payload, topic: message.topic, receivedAt: now) else {
                return malformed(&model, "\(message.topic): not a log record")
            }
            row.origin = .bus
            appendServiceLog(row, to: &model)
        } else if message.topic == Topics.backtestProgress {
            guard let row = ServiceMessageParser.backtestProgress(message.payload, receivedAt: now) else {
                return malformed(&model, "\(message.topic): not a progress object with a job id")
            }
            insertJob(row, into: &model)
        } else {
            decodeEnvelope(message.payload, topic: message.topic, into: &model, at: now)
        }
    }

    static func decodeEnvelope(_ bytes: [UInt8], topic: String, into model: inout ConsoleModel, at now: Timestamp) {
        let envelope: EventEnvelope
        do {
            envelope = try EventEnvelope(json: bytes)
        } catch {
            return malformed(&model, "\(topic): \(error)")
        }
        apply(envelope, topic: topic, to: &model, at: now)
    }

    static func malformed(_ model: inout ConsoleModel, _ why: String) {
        model.malformed += 1
        model.lastMalformed = why
    }

    static func apply(_ envelope: EventEnvelope, topic: String, to model: inout ConsoleModel, at now: Timestamp) {
        switch envelope.payload {
        case .trade(let trade):
            updateMarket(trade.symbol, &model, envelope, topic, now) { $0.apply(trade, at: now) }
        case .bookSnapshot(let snapshot):
            updateMarket(snapshot.symbol, &model, envelope, topic, now) { $0.apply(snapshot) }
        case .bookDelta(let delta):
            updateMarket(delta.symbol, &model, envelope, topic, now) { $0.apply(delta) }
        case .topOfBook(let top):
            updateMarket(top.symbol, &model, envelope, topic, now) { $0.apply(top) }
        case .bar(let bar):
            updateMarket(bar.symbol, &model, envelope, topic, now) { $0.apply(bar) }
        case .orderIntent(let intent):
            model.orders.opened(intent, at: now)
            let size = intent.quantity.map { "\($0)" } ?? intent.quoteAmount.map { "\($0) quote" } ?? "?"
            let price = intent.limitPrice.map { " @ \($0)" } ?? ""
            flow(
                &model, now, intent.strategyId,
                "intent \(intent.clientOrderId) \(intent.side.rawValue) \(size) \(intent.symbol) \(intent.orderType.rawValue)\(price)"
            )
        case .riskDecision(let decision):
            model.orders.decided(decision, at: now)
            if decision.approved {
                flow(&model, now, decision.strategyId, "approved \(decision.clientOrderId)")
            } else {
                let reasons = decision.failedRules.map { "\($0.rule): \($0.detail)" }.joined(separator: "; ")
                model.denials.append(
                    DenialRow(
                        at: now, strategyId: decision.strategyId, clientOrderId: decision.clientOrderId,
                        reasons: reasons))
                flow(&model, now, decision.strategyId, "DENIED \(decision.clientOrderId): \(reasons)")
            }
        case .orderEvent(let event):
            model.orders.updated(event, at: now)
            let why = event.reason.map { ": \($0)" } ?? ""
            flow(&model, now, event.strategyId, "\(event.status.rawValue) \(event.clientOrderId)\(why)")
        case .fill(let fill):
            model.orders.filled(fill, at: now)
            model.fills.append(FillRow(at: now, fill: fill))
            flow(
                &model, now, fill.strategyId,
                "fill \(fill.clientOrderId) \(fill.side.rawValue) \(fill.qty) \(fill.symbol) @ \(fill.price) fee \(fill.fee) \(fill.feeAsset)"
            )
        case .orderCancel(let cancel):
            flow(&model, now, cancel.strategyId, "cancel \(cancel.clientOrderId): \(cancel.reason)")
        case .positionSnapshot(let position):
            model.positions["\(position.strategyId) \(position.symbol)"] = position
        case .pnlSnapshot(let pnl):
            model.pnl[pnl.scope] = pnl
        case .allocationTargets(let targets):
            model.allocation = targets
            model.allocationAt = now
        case .rebalance(let event):
            model.rebalances.append(RebalanceRow(at: now, event: event))
            flow(&model, now, event.strategyId, "rebalance \(event.fromWeight) → \(event.toWeight): \(event.reason)")
        case .killSwitchState(let state):
            if model.killSwitch != state, model.killSwitch != nil || state.tripped {
                let who = state.by ?? "unknown"
                model.logs.append(
                    LogRow(
                        at: now, level: state.tripped ? .critical : .warning, service: "killswitch",
                        message: state.tripped
                            ? "TRIPPED by \(who): \(state.reason ?? "")" : "reset by \(who): \(state.reason ?? "")"))
            }
            model.killSwitch = state
        case .heartbeat(let beat):
            if beat.service == riskEngineService { model.riskLevels = RiskLevels(counters: beat.counters) }
            if var known = model.services[beat.service] {
                known.heartbeat = beat
                known.lastSeen = now
                known.beats += 1
                model.services[beat.service] = known
            } else if model.services.count < ConsoleModel.maxServices {
                model.services[beat.service] = ServiceHealth(heartbeat: beat, lastSeen: now)
            }
        }
    }

    /// How many of the latest service records a new one is compared with, and how far apart in
    /// time the two copies of one record may be (each handler stamps its own copy).
    public static let duplicateWindowRows = 64
    public static let duplicateWindowNanoseconds: Int64 = 2_000_000_000
    /// How much of a malformed log line the Logs screen shows.
    static let malformedPreviewCharacters = 120

    /// Log file lines, decoded like `log.*` records and merged in time order; a line that is not a
    /// record is shown as a warning that says so and counted.
    static func apply(_ batch: LogFileBatch, to model: inout ConsoleModel, at now: Timestamp) {
        for notice in batch.notices {
            model.logs.append(
                LogRow(at: now, level: .warning, service: notice.service, message: notice.message, origin: .file))
        }
        var rows: [LogRow] = []
        rows.reserveCapacity(batch.lines.count)
        for line in batch.lines {
            if var row = ServiceMessageParser.logLine(line.bytes, service: line.service, receivedAt: now) {
                row.origin = .file
                rows.append(row)
            } else {
                model.malformedLogLines += 1
                let text = String(decoding: line.bytes, as: UTF8.self)
                let preview = String(text.prefix(malformedPreviewCharacters))
                rows.append(
                    LogRow(
                        at: now, level: .warning, service: line.service,
                        message: "malformed log line (\(line.bytes.count) bytes): \(preview)", origin: .file))
            }
        }
        // Several files in one batch: in time order, a file's own order kept on equal times.
        let ordered = rows.enumerated().sorted { a, b in
            a.element.at != b.element.at ? a.element.at < b.element.at : a.offset < b.offset
        }
        for (_, row) in ordered { appendServiceLog(row, to: &model) }
    }

    /// Appends a service record unless the same record already arrived the other way (bus or file).
    static func appendServiceLog(_ row: LogRow, to model: inout ConsoleModel) {
        // Only warnings and above travel both ways, so only they are compared (and kept to compare).
        if row.level >= .warning {
            if isDuplicate(row, in: model.recentServiceLogs) {
                model.duplicateLogLines += 1
                return
            }
            model.recentServiceLogs.append(row)
        }
        model.logs.append(row)
    }

    /// A warning logged by a daemon reaches the console twice, on `log.<service>` and in its file,
    /// with the same service, level and text and timestamps taken microseconds apart. A record
    /// matches one of the other origin among the latest ``duplicateWindowRows`` warnings within
    /// ``duplicateWindowNanoseconds``; records of the same origin never match, so a message
    /// logged twice in a row shows twice.
    public static func isDuplicate(_ row: LogRow, in recent: RingBuffer<LogRow>) -> Bool {
        recent.elements.contains { other in
            other.origin != row.origin && other.service == row.service && other.level == row.level
                && other.message == row.message
                && abs(other.at.nanosecondsSinceEpoch - row.at.nanosecondsSinceEpoch) <= duplicateWindowNanoseconds
        }
    }

    private static func updateMarket(
        _ symbol: String, _ model: inout ConsoleModel, _ envelope: EventEnvelope, _ topic: String, _ now: Timestamp,
        _ change: (inout MarketState) -> Void
    ) {
        if model.markets[symbol] == nil {
            guard model.markets.count < ConsoleModel.maxSymbols else { return }
            model.markets[symbol] = MarketState(symbol: symbol)
            model.symbols.append(symbol)
            model.symbols.sort()
        }
        change(&model.markets[symbol]!)
        model.markets[symbol]!.track(sequence: envelope.sequence, topic: topic)
        model.markets[symbol]!.updates.record(at: now)
        model.markets[symbol]!.lastEventAt = now
    }

    private static func flow(_ model: inout ConsoleModel, _ now: Timestamp, _ strategy: String, _ text: String) {
        model.logs.append(LogRow(at: now, level: .flow, service: strategy, message: text))
    }
}
