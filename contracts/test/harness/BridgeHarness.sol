// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Bridge} from "../../src/Bridge.sol";

/// @notice Exposes internal helpers of Bridge for differential tests.
contract BridgeHarness is Bridge {
    constructor(address admin) Bridge(admin, admin, admin, admin, 1 days) {}

    function windowSum(uint256 w) external pure returns (uint256) {
        return _windowSum(w);
    }
}
