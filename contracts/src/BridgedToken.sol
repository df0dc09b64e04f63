// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title BridgedToken
/// @notice ERC-20 representation of a token from another chain. Only its bridge may mint
/// (on release) or burn (on lock); decimals are fixed at deployment and may differ from the
/// original token's, the bridge scales amounts exactly across a route.
contract BridgedToken is ERC20 {
    /// @notice The only account allowed to mint and burn.
    address public immutable bridge;

    uint8 private immutable _decimals;

    /// @notice A caller other than the bridge tried to mint or burn.
    /// @param caller the rejected caller
    error OnlyBridge(address caller);

    /// @notice The bridge address given at deployment was zero.
    error ZeroBridge();

    /// @notice Deploys a bridged token bound to one bridge.
    /// @param name_ ERC-20 name
    /// @param symbol_ ERC-20 symbol
    /// @param decimals_ number of decimals of this representation
    /// @param bridge_ the Bridge that mints and burns; never zero
    constructor(string memory name_, string memory symbol_, uint8 decimals_, address bridge_)
        ERC20(name_, symbol_)
    {
        if (bridge_ == address(0)) revert ZeroBridge();
        bridge = bridge_;
        _decimals = decimals_;
    }

    modifier onlyBridge() {
        if (msg.sender != bridge) revert OnlyBridge(msg.sender);
        _;
    }

    /// @notice Number of decimals of this representation.
    /// @return the decimals fixed at deployment
    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    /// @notice Mints `amount` to `to`; only the bridge, on a verified release.
    /// @param to recipient of the new tokens
    /// @param amount amount to mint
    function mint(address to, uint256 amount) external onlyBridge {
        _mint(to, amount);
    }

    /// @notice Burns `amount` from the bridge's own balance (tokens it pulled in on lock).
    /// @dev Burning only the bridge's own balance means the bridge can never destroy a user's
    /// tokens without the user first transferring them (with an allowance) in `lock`.
    /// @param amount amount to burn
    function burn(uint256 amount) external onlyBridge {
        _burn(msg.sender, amount);
    }
}
