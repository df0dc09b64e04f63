// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {TestBase} from "./utils/TestBase.sol";
import {Bridge} from "../src/Bridge.sol";
import {BridgedToken} from "../src/BridgedToken.sol";
import {Release, TokenMode} from "../src/BridgeTypes.sol";
import {TestToken} from "../src/test-helpers/TestToken.sol";

/// @notice One bridge on "this" chain with a trusted remote peer, a custody token (6 decimals),
/// a custody token (18 decimals) and a bridged token it mints; helpers compute EIP-712 digests
/// independently of the contract and sign them with the group key.
abstract contract BridgeFixture is TestBase {
    uint256 internal constant SIGNER_PK = 0xA11CE5157;
    uint256 internal constant REMOTE_CHAIN = 2002;
    address internal constant REMOTE_BRIDGE = address(0xB21D6E);
    uint64 internal constant DELAY = 2 days;
    uint256 internal constant T0 = 1_750_000_000;

    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant RELEASE_TYPE =
        keccak256("Release(uint256 srcChainId,address srcBridge,uint256 nonce,address token,address recipient,uint256 amount)");
    bytes32 internal constant BATCH_TYPE = keccak256(
        "ReleaseBatch(Release[] releases)Release(uint256 srcChainId,address srcBridge,uint256 nonce,address token,address recipient,uint256 amount)"
    );

    address internal admin = address(0xAD01);
    address internal guardian = address(0x6A2D);
    address internal treasury = address(0x7EA5);
    address internal alice = address(0xA11CE);
    address internal bob = address(0xB0B);
    address internal groupSigner;

    Bridge internal bridge;
    TestToken internal usdc; // 6 decimals, custody
    TestToken internal dai; // 18 decimals, custody
    BridgedToken internal wrapped; // 18 decimals, minted here

    function setUp() public virtual {
        vm.warp(T0);
        groupSigner = vm.addr(SIGNER_PK);
        bridge = new Bridge(admin, guardian, groupSigner, treasury, DELAY);
        usdc = new TestToken("USD Coin", "USDC", 6);
        dai = new TestToken("Dai", "DAI", 18);
        wrapped = new BridgedToken("Wrapped Remote", "wREM", 18, address(bridge));
        vm.label(address(bridge), "bridge");
        vm.label(address(usdc), "usdc");
        vm.label(address(dai), "dai");
        vm.label(address(wrapped), "wrapped");

        vm.startPrank(admin);
        bridge.configureToken(address(usdc), TokenMode.LOCK_RELEASE, 6);
        bridge.configureToken(address(dai), TokenMode.LOCK_RELEASE, 18);
        bridge.configureToken(address(wrapped), TokenMode.BURN_MINT, 18);
        bridge.setTokenCaps(address(usdc), 1_000_000e6, 5_000_000e6);
        bridge.setTokenCaps(address(dai), 1_000_000e18, 5_000_000e18);
        bridge.setTokenCaps(address(wrapped), 1_000_000e18, 5_000_000e18);
        bridge.setTokenAllowed(address(usdc), true);
        bridge.setTokenAllowed(address(dai), true);
        bridge.setTokenAllowed(address(wrapped), true);
        // usdc (6) -> remote 18-decimal token; dai (18) -> remote 6-decimal token; wrapped back home.
        bridge.setRoute(address(usdc), REMOTE_CHAIN, address(0x5EC0), 18);
        bridge.setRoute(address(dai), REMOTE_CHAIN, address(0xDA16), 6);
        bridge.setRoute(address(wrapped), REMOTE_CHAIN, address(0x0419), 18);
        bridge.setTrustedSource(REMOTE_CHAIN, REMOTE_BRIDGE, true);
        vm.stopPrank();

        // Custody liquidity, as if earlier locks on this chain had brought it in.
        usdc.mint(address(bridge), 10_000_000e6);
        dai.mint(address(bridge), 10_000_000e18);
    }

    // ------------------------------------------------------------ releases and signatures

    function _rel(uint256 nonce, address token, address recipient, uint256 amount)
        internal
        pure
        returns (Release memory)
    {
        return Release({
            srcChainId: REMOTE_CHAIN, srcBridge: REMOTE_BRIDGE, nonce: nonce, token: token, recipient: recipient, amount: amount
        });
    }

    function _domainSeparator(uint256 chainId, address verifyingContract) internal pure returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, keccak256("Bridge"), keccak256("1"), chainId, verifyingContract));
    }

    function _structHash(Release memory r) internal pure returns (bytes32) {
        return keccak256(abi.encode(RELEASE_TYPE, r.srcChainId, r.srcBridge, r.nonce, r.token, r.recipient, r.amount));
    }

    function _batchStructHash(Release[] memory rs) internal pure returns (bytes32) {
        bytes memory packed;
        for (uint256 i; i < rs.length; ++i) {
            packed = bytes.concat(packed, _structHash(rs[i]));
        }
        return keccak256(abi.encode(BATCH_TYPE, keccak256(packed)));
    }

    function _digestFor(uint256 chainId, address verifyingContract, bytes32 structHash) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", _domainSeparator(chainId, verifyingContract), structHash));
    }

    function _digest(Bridge b, Release memory r) internal view returns (bytes32) {
        return _digestFor(block.chainid, address(b), _structHash(r));
    }

    function _batchDigest(Bridge b, Release[] memory rs) internal view returns (bytes32) {
        return _digestFor(block.chainid, address(b), _batchStructHash(rs));
    }

    function _signWith(uint256 pk, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, digest);
        return abi.encodePacked(r, s, v);
    }

    function _sign(bytes32 digest) internal pure returns (bytes memory) {
        return _signWith(SIGNER_PK, digest);
    }

    function _signRelease(Bridge b, Release memory r) internal view returns (bytes memory) {
        return _sign(_digest(b, r));
    }

    function _signBatch(Bridge b, Release[] memory rs) internal view returns (bytes memory) {
        return _sign(_batchDigest(b, rs));
    }

    function _depositId(Release memory r) internal pure returns (bytes32) {
        return keccak256(abi.encode(r.srcChainId, r.srcBridge, r.nonce));
    }

    // ------------------------------------------------------------ locking

    function _fundAndApprove(address who, TestToken token, uint256 amount, address spender) internal {
        token.mint(who, amount);
        vm.prank(who);
        token.approve(spender, amount);
    }
}
