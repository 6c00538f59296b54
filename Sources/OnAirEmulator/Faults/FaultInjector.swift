/// Holds the active fault plan and decides, request by request, which rule fires.
///
/// Rate-limit and server-error rules are used up when they answer a request; a drop rule is used
/// up only once a change has actually been committed, so a request refused for another reason does
/// not waste it.
actor FaultInjector {
    private(set) var plan: FaultPlan

    init(plan: FaultPlan) {
        self.plan = plan
    }

    func replace(with plan: FaultPlan) {
        self.plan = plan
    }

    /// The rule to apply before handling a request, and the delay to wait first.
    func beforeHandling(method: String, path: String) -> (latencyMilliseconds: Int, rule: FaultRule?) {
        for index in plan.rules.indices where plan.rules[index].count > 0 {
            let rule = plan.rules[index]
            guard rule.kind != .dropAfterCommit, rule.matches(method: method, path: path) else { continue }
            plan.rules[index].count -= 1
            return (plan.latencyMilliseconds, rule)
        }
        return (plan.latencyMilliseconds, nil)
    }

    /// The drop rule to apply to a request whose change has just succeeded, if one matches.
    func afterCommit(method: String, path: String) -> FaultRule? {
        for index in plan.rules.indices where plan.rules[index].count > 0 {
            let rule = plan.rules[index]
            guard rule.kind == .dropAfterCommit, rule.matches(method: method, path: path) else { continue }
            plan.rules[index].count -= 1
            return rule
        }
        return nil
    }
}
