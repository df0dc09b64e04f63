// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Bridge} from "../../src/Bridge.sol";
import {Release} from "../../src/BridgeTypes.sol";

/// @notice Exposes internal helpers of Bridge for differential tests.
contract BridgeHarness is Bridge {
    constructor(address admin) Bridge(admin, admin, admin, admin, 1 days) {}

    function windowSum(uint256 w) external pure returns (uint256) {
        return _windowSum(w);
    }

    /// The calldata struct hash, plus whether memory allocated just before it (a 3-word buffer
    /// filled with a pattern) and the free-memory pointer survive the scratch-memory hashing.
    function structHashChecked(Release calldata r) external pure returns (bytes32 h, bool intact) {
        bytes32[] memory guardWords = new bytes32[](3);
        for (uint256 i; i < 3; ++i) {
            guardWords[i] = keccak256(abi.encode("guard", i));
        }
        uint256 freeBefore;
        assembly {
            freeBefore := mload(0x40)
        }
        h = _releaseStructHash(r);
        uint256 freeAfter;
        assembly {
            freeAfter := mload(0x40)
        }
        intact = freeAfter == freeBefore && guardWords.length == 3;
        for (uint256 i; i < 3; ++i) {
            intact = intact && guardWords[i] == keccak256(abi.encode("guard", i));
        }
    }
}
