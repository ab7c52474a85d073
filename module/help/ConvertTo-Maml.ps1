<#
.SYNOPSIS
    Writes the cmdlets' MAML help (what Get-Help reads) from the markdown beside this script, in platyPS's layout.
.DESCRIPTION
    The prose comes from <Cmdlet>.md: synopsis, description, examples, each parameter's description and default value,
    inputs, outputs, notes and related links. What the code knows comes from the built cmdlets themselves: parameter
    sets, types, required, position, pipeline input, aliases and wildcards, so the help can never disagree with them.
    (platyPS does the same, but cannot be restored here.) build.ps1 runs this after every build, in a pwsh of its own.
.EXAMPLE
    dotnet pwsh module/help/ConvertTo-Maml.ps1 -Manifest ./CreatorLedger.psd1 -OutFile module/bin/en-US/CreatorLedger.PowerShell.dll-Help.xml
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Manifest,
    [Parameter(Mandatory)] [string] $OutFile
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module $Manifest
$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

# A markdown file as sections: '## NAME' -> [ '### title' -> lines ] (lines before the first ### under the key '').
function Read-HelpMarkdown([string] $Path) {
    $sections = [ordered]@{}
    $section = $null; $sub = ''; $fenced = $false
    foreach ($line in (Get-Content $Path)) {
        if ($line.StartsWith('```')) { $fenced = -not $fenced }
        if (-not $fenced -and $line -match '^## (.+)$') { $section = [ordered]@{ '' = [System.Collections.Generic.List[string]]::new() }; $sections[$Matches[1]] = $section; $sub = ''; continue }
        if (-not $fenced -and $section -and $line -match '^### (.+)$') { $sub = $Matches[1]; $section[$sub] = [System.Collections.Generic.List[string]]::new(); continue }
        if ($section) { $section[$sub].Add($line) }
    }
    $sections
}

# Paragraphs (blank-line separated, fences left out) and fenced blocks of some lines.
function Get-Paragraphs([string[]] $Lines) {
    $paragraphs = @(); $current = @(); $fenced = $false
    foreach ($line in $Lines) {
        if ($line.StartsWith('```')) { $fenced = -not $fenced; continue }
        if ($fenced) { continue }
        if ($line.Trim() -eq '') { if ($current) { $paragraphs += ($current -join ' ') }; $current = @() } else { $current += $line.Trim() }
    }
    if ($current) { $paragraphs += ($current -join ' ') }
    , $paragraphs
}

function Get-Fences([string[]] $Lines) {
    $blocks = @(); $current = $null
    foreach ($line in $Lines) {
        if ($line.StartsWith('```')) {
            if ($null -eq $current) { $current = [pscustomobject]@{ Language = $line.Substring(3).Trim(); Lines = [System.Collections.Generic.List[string]]::new() } }
            else { $blocks += $current; $current = $null }
            continue
        }
        if ($null -ne $current) { $current.Lines.Add($line) }
    }
    , $blocks
}

function Get-Yaml([string[]] $Lines) {
    $values = @{}
    $yaml = (Get-Fences $Lines) | Where-Object Language -EQ 'yaml' | Select-Object -First 1
    if ($yaml) { foreach ($line in $yaml.Lines) { if ($line -match '^([^:]+):\s*(.*)$') { $values[$Matches[1].Trim()] = $Matches[2].Trim() } } }
    $values
}

$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
New-Item -ItemType Directory -Force (Split-Path $OutFile) | Out-Null
$xml = [System.Xml.XmlWriter]::Create($OutFile, $settings)
$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
function Write-Paras([string[]] $Paragraphs) { foreach ($p in $Paragraphs) { $xml.WriteElementString('para', $maml, $p) } }
function Write-Description([string[]] $Paragraphs) { $xml.WriteStartElement('description', $maml); Write-Paras $Paragraphs; $xml.WriteEndElement() }
function Get-TypeName([type] $Type) {
    if ($Type.IsGenericType -and $Type.GetGenericTypeDefinition() -eq [Nullable`1]) { $Type = $Type.GetGenericArguments()[0] }
    $Type
}

function Write-Parameter($Parameter, $Attributes, [string[]] $Description, [string] $Default, [bool] $Required) {
    $pipeline = @()
    if ($Attributes | Where-Object ValueFromPipeline) { $pipeline += 'ByValue' }
    if ($Attributes | Where-Object ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
    $position = @($Attributes)[0].Position
    $type = Get-TypeName $Parameter.ParameterType
    $xml.WriteStartElement('parameter', $command)
    $xml.WriteAttributeString('required', "$Required".ToLowerInvariant())
    $xml.WriteAttributeString('variableLength', 'true')
    $xml.WriteAttributeString('globbing', "$([bool]($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }))".ToLowerInvariant())
    $xml.WriteAttributeString('pipelineInput', $(if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }))
    $xml.WriteAttributeString('position', $(if ($position -lt 0) { 'named' } else { "$position" }))
    $xml.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $xml.WriteElementString('name', $maml, $Parameter.Name)
    Write-Description $Description
    if ($type -ne [System.Management.Automation.SwitchParameter]) {
        $xml.WriteStartElement('parameterValue', $command)
        $xml.WriteAttributeString('required', 'true'); $xml.WriteAttributeString('variableLength', 'false')
        $xml.WriteString($type.Name); $xml.WriteEndElement()
    }
    $xml.WriteStartElement('type', $dev); $xml.WriteElementString('name', $maml, $type.FullName); $xml.WriteElementString('uri', $maml, ''); $xml.WriteEndElement()
    $xml.WriteElementString('defaultValue', $dev, $(if ($Default) { $Default } else { 'None' }))
    $xml.WriteEndElement()
}

$xml.WriteStartDocument()
$xml.WriteStartElement('helpItems', 'http://msh')
$xml.WriteAttributeString('schema', 'maml')
foreach ($file in (Get-ChildItem $PSScriptRoot -Filter '*.md' | Sort-Object Name)) {
    $cmdlet = Get-Command $file.BaseName -CommandType Cmdlet
    $help = Read-HelpMarkdown $file.FullName
    $parameters = @($cmdlet.Parameters.Values | Where-Object { $_.Name -notin $common } | Sort-Object Name)
    $described = @{}
    foreach ($parameter in $parameters) {
        $lines = $help['PARAMETERS']["-$($parameter.Name)"]
        if ($null -eq $lines) { throw "$($file.Name) does not describe the parameter -$($parameter.Name)." }
        $described[$parameter.Name] = [pscustomobject]@{ Paragraphs = (Get-Paragraphs $lines); Default = (Get-Yaml $lines)['Default value'] }
    }

    $xml.WriteStartElement('command', 'command', $command)
    $xml.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $xml.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $xml.WriteStartElement('details', $command)
    $xml.WriteElementString('name', $command, $cmdlet.Name)
    $xml.WriteElementString('verb', $command, $cmdlet.Verb)
    $xml.WriteElementString('noun', $command, $cmdlet.Noun)
    Write-Description (Get-Paragraphs $help['SYNOPSIS'][''])
    $xml.WriteEndElement()
    Write-Description (Get-Paragraphs $help['DESCRIPTION'][''])

    $xml.WriteStartElement('syntax', $command)
    foreach ($set in $cmdlet.ParameterSets) {
        $xml.WriteStartElement('syntaxItem', $command)
        $xml.WriteElementString('name', $maml, $cmdlet.Name)
        foreach ($member in ($set.Parameters | Where-Object { $_.Name -notin $common })) {
            $parameter = $cmdlet.Parameters[$member.Name]
            Write-Parameter $parameter @($parameter.ParameterSets[$set.Name] ?? $parameter.ParameterSets['__AllParameterSets']) `
                $described[$member.Name].Paragraphs $described[$member.Name].Default $member.IsMandatory
        }
        $xml.WriteEndElement()
    }
    $xml.WriteEndElement()

    $xml.WriteStartElement('parameters', $command)
    foreach ($parameter in $parameters) {
        $sets = @($parameter.ParameterSets.Values)
        Write-Parameter $parameter $sets $described[$parameter.Name].Paragraphs $described[$parameter.Name].Default (@($sets | Where-Object IsMandatory).Count -eq $sets.Count)
    }
    $xml.WriteEndElement()

    foreach ($kind in @(@{ Section = 'INPUTS'; List = 'inputTypes'; Item = 'inputType' }, @{ Section = 'OUTPUTS'; List = 'returnValues'; Item = 'returnValue' })) {
        $xml.WriteStartElement($kind.List, $command)
        foreach ($entry in $help[$kind.Section].GetEnumerator() | Where-Object Key) {
            $xml.WriteStartElement($kind.Item, $command)
            $xml.WriteStartElement('type', $dev); $xml.WriteElementString('name', $maml, $entry.Key); $xml.WriteElementString('uri', $maml, ''); $xml.WriteEndElement()
            Write-Description (Get-Paragraphs $entry.Value)
            $xml.WriteEndElement()
        }
        $xml.WriteEndElement()
    }

    $notes = Get-Paragraphs $help['NOTES']['']
    if ($notes) { $xml.WriteStartElement('alertSet', $maml); $xml.WriteStartElement('alert', $maml); Write-Paras $notes; $xml.WriteEndElement(); $xml.WriteEndElement() }

    $xml.WriteStartElement('examples', $command)
    foreach ($example in $help['EXAMPLES'].GetEnumerator() | Where-Object Key) {
        $xml.WriteStartElement('example', $command)
        $xml.WriteElementString('title', $maml, "--- $($example.Key) ---")
        $xml.WriteElementString('code', $dev, ((Get-Fences $example.Value | Select-Object -First 1).Lines -join "`n"))
        $xml.WriteStartElement('remarks', $dev); Write-Paras (Get-Paragraphs $example.Value); $xml.WriteEndElement()
        $xml.WriteEndElement()
    }
    $xml.WriteEndElement()

    $xml.WriteStartElement('relatedLinks', $command)
    foreach ($line in $help['RELATED LINKS']['']) {
        if ($line -notmatch '^\[([^\]]+)\]\(([^)]*)\)') { continue }
        $xml.WriteStartElement('navigationLink', $maml)
        $xml.WriteElementString('linkText', $maml, $Matches[1])
        $xml.WriteElementString('uri', $maml, $(if ($Matches[2] -like 'http*') { $Matches[2] } else { '' }))
        $xml.WriteEndElement()
    }
    $xml.WriteEndElement()
    $xml.WriteEndElement()
}
$xml.WriteEndElement()
$xml.WriteEndDocument()
$xml.Dispose()
