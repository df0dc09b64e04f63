// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Receiver hook in the style of ERC-777 `tokensReceived`.
interface ITokensRecipient {
    function tokensReceived(address from, uint256 amount) external;
}

/// @notice ERC-20 that notifies contract recipients after each transfer (ERC-777-like hook).
contract HookToken is ERC20 {
    constructor() ERC20("Hook", "HOOK") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (from != address(0) && to.code.length != 0) {
            ITokensRecipient(to).tokensReceived(from, value);
        }
    }
}

/// @notice Recipient whose hook re-enters the bridge with prepared calldata.
contract ReentrantRecipient is ITokensRecipient {
    address public target;
    bytes public attackCall;
    uint256 public calls;
    bool public attackSucceeded;
    bytes public attackRevertData;

    function arm(address target_, bytes calldata call_) external {
        target = target_;
        attackCall = call_;
    }

    function tokensReceived(address, uint256) external {
        calls++;
        if (calls == 1 && target != address(0)) {
            (bool ok, bytes memory ret) = target.call(attackCall);
            attackSucceeded = ok;
            attackRevertData = ret;
        }
    }
}
