// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Vm} from "../test/utils/TestBase.sol";
import {Bridge} from "../src/Bridge.sol";
import {BridgedToken} from "../src/BridgedToken.sol";
import {Release, TokenMode} from "../src/BridgeTypes.sol";
import {TestToken} from "../src/test-helpers/TestToken.sol";

/// @notice Broadcasts the gas scenarios of test/Gas.t.sol to a real chain (anvil), so the numbers in
/// docs/benchmarks.md can be checked against mined receipts. Run through scripts/gas-anvil.
contract GasBench {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    // anvil's first default account; never used outside a local devnet.
    uint256 internal constant DEPLOYER_PK = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80;
    uint256 internal constant GROUP_PK = 0xA11CE5157;
    uint256 internal constant SRC_CHAIN = 2002;
    address internal constant SRC_BRIDGE = address(0xB21D6E);

    Bridge internal bridge;
    TestToken internal usdc;
    BridgedToken internal wrapped;

    function run() external {
        address deployer = vm.addr(DEPLOYER_PK);
        vm.startBroadcast(DEPLOYER_PK);
        bridge = new Bridge(deployer, deployer, vm.addr(GROUP_PK), deployer, 1 days);
        usdc = new TestToken("USD Coin", "USDC", 6);
        wrapped = new BridgedToken("Wrapped Remote", "wREM", 18, address(bridge));
        bridge.configureToken(address(usdc), TokenMode.LOCK_RELEASE, 6);
        bridge.configureToken(address(wrapped), TokenMode.BURN_MINT, 18);
        bridge.setTokenCaps(address(usdc), 1_000_000e6, 5_000_000e6);
        bridge.setTokenCaps(address(wrapped), 1_000_000e18, 5_000_000e18);
        bridge.setTrustedSource(SRC_CHAIN, SRC_BRIDGE, true);
        usdc.mint(address(bridge), 10_000_000e6);

        // Steady state: earlier releases from this source, recipients holding both tokens.
        Release[] memory warm = new Release[](51);
        for (uint256 i; i < 51; ++i) {
            warm[i] = _rel(1 + i, i % 2 == 0 ? address(usdc) : address(wrapped), _holder(i), 1e6);
        }
        bridge.releaseBatch(warm, _sign(bridge.hashReleaseBatch(warm)));
        for (uint256 i; i < 51; ++i) {
            usdc.mint(_holder(i), 1e6);
        }

        _single(_rel(100, address(usdc), _holder(3), 250e6)); // custody, existing recipient
        _single(_rel(101, address(usdc), address(0xBEEF01), 250e6)); // custody, new recipient
        _single(_rel(102, address(wrapped), _holder(5), 250e18)); // mint, existing recipient
        _single(_rel(103, address(wrapped), address(0xBEEF02), 250e18)); // mint, new recipient
        _single(_rel(255, address(wrapped), address(0xBEEF03), 250e18)); // fresh bitmap word
        bridge.prewarmReplayWords(SRC_CHAIN, SRC_BRIDGE, 510, 764);
        _single(_rel(510, address(wrapped), address(0xBEEF04), 250e18)); // prewarmed word

        _batch(110, address(usdc), false); // 50 custody, new recipients
        _batch(160, address(usdc), true); // 50 custody, existing recipients
        _batch(1100, address(wrapped), false); // 50 mint, new recipients, fresh words
        vm.stopBroadcast();
    }

    function _single(Release memory r) internal {
        bridge.release(r, _sign(bridge.hashRelease(r)));
    }

    function _batch(uint256 firstNonce, address token, bool existing) internal {
        Release[] memory rs = new Release[](50);
        for (uint256 i; i < 50; ++i) {
            address to = existing ? _holder(i) : address(uint160(0xF00D0000 + firstNonce * 100 + i));
            rs[i] = _rel(firstNonce + i, token, to, 1e6 + i);
        }
        bridge.releaseBatch(rs, _sign(bridge.hashReleaseBatch(rs)));
    }

    function _rel(uint256 nonce, address token, address to, uint256 amount) internal pure returns (Release memory) {
        return Release({
            srcChainId: SRC_CHAIN, srcBridge: SRC_BRIDGE, nonce: nonce, token: token, recipient: to, amount: amount
        });
    }

    function _sign(bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(GROUP_PK, digest);
        return abi.encodePacked(r, s, v);
    }

    function _holder(uint256 i) internal pure returns (address) {
        return address(uint160(0x1000 + i));
    }
}
