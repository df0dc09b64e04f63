// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

interface IReleasedView {
    function isReleased(uint256 srcChainId, address srcBridge, uint256 nonce) external view returns (bool);
}

/// @notice Malicious ERC-20: when the bridge sends it out, it calls back into the bridge with
/// prepared calldata (e.g. the very same release) and records what happened.
contract ReentrantToken is ERC20 {
    address public target;
    bytes public attackCall;
    bool public armed;
    bool public attackSucceeded;
    bytes public attackRevertData;
    bool public sawReleasedDuringCallback;
    uint256 public srcChainId;
    address public srcBridge;
    uint256 public nonce;

    constructor() ERC20("Reentrant", "RE") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address target_, bytes calldata call_, uint256 srcChainId_, address srcBridge_, uint256 nonce_)
        external
    {
        target = target_;
        attackCall = call_;
        srcChainId = srcChainId_;
        srcBridge = srcBridge_;
        nonce = nonce_;
        armed = true;
    }

    /// When set, the callback fires while tokens move *into* the target (during lock's transferFrom).
    bool public onIncoming;

    function setOnIncoming(bool v) external {
        onIncoming = v;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (armed && (onIncoming ? to == target : from == target)) {
            armed = false;
            sawReleasedDuringCallback = IReleasedView(target).isReleased(srcChainId, srcBridge, nonce);
            (bool ok, bytes memory ret) = target.call(attackCall);
            attackSucceeded = ok;
            attackRevertData = ret;
        }
    }
}
